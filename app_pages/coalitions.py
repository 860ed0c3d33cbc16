import streamlit as st
st.title("coalitions")
st.info("W przygotowaniu.")

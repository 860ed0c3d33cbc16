import streamlit as st
st.title("coverage")
st.info("W przygotowaniu.")
